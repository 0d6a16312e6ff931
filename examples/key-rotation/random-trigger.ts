import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import keyRotation = require("./index");

/**
 * Variant of the key-rotation program: the rotation trigger is a `random.RandomId` instead of the config
 * value itself. The id is regenerated, and so the key rotated, exactly when one of its `keepers`
 * changes: here the `rotation` config value and the optional `incident` (set it to an incident number to
 * rotate at once after a leak, whatever the schedule says). Everything else is the key-rotation program.
 *
 * Needs `@pulumi/random` and its engine plugin (`pulumi-resource-random`); this repository tests it with
 * mocks only (see random-trigger.test.ts and the README's "Testing your program").
 */
export = async function keyRotationWithRandomId() {
  const config = new pulumi.Config();
  const trigger = new random.RandomId("rotation", {
    byteLength: 8,
    keepers: { rotation: config.require("rotation"), incident: config.get("incident") ?? "none" },
  });
  return { ...(await keyRotation(trigger.hex)), rotationId: trigger.hex };
};
