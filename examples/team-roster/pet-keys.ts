import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ApiKey } from "pulumi-perplexity";
import teamRoster = require("./index");
import { configuredRosterFile, readRoster } from "./roster";

/**
 * Variant of the team-roster program: besides the members, every person on the roster gets an API key
 * with a memorable name from `random.RandomPet`, e.g. `ada-brave-otter`, that stays the same for as long
 * as the person is on the roster (the email is the pet's keeper). Usage reports list keys by name, so a
 * name that says whose key it is beats `API key 7`.
 *
 * Needs `@pulumi/random` and its engine plugin (`pulumi-resource-random`); this repository tests it with
 * mocks only (see pet-keys.test.ts and the README's "Testing your program").
 */
export = async function teamRosterWithPetKeys() {
  const roster = await teamRoster();
  const keys = readRoster(configuredRosterFile(new pulumi.Config())).map((person) => {
    const pet = new random.RandomPet(person.email, { prefix: person.email.split("@")[0], length: 2, keepers: { email: person.email } });
    return new ApiKey(person.email, { groupId: roster.groupId, name: pet.id });
  });
  return { ...roster, keys: keys.map((k) => ({ name: k.name, tokenHint: k.tokenHint })) };
};
