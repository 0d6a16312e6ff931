import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

/** The name of the hidden resource holding the stack instance's id (one per stack). */
export const STACK_INSTANCE_NAME = "pulumi-perplexity-stack";

/**
 * Lifecycle of the hidden `StackInstance` resource the SDK adds once per stack (see `sdk/identity.ts`): its
 * create draws a random id, which then lives in the stack's own state. That id is what tells two stacks
 * with equal organisation, project and stack names apart (two state backends); it never changes while
 * the stack exists, so a create re-run after a crash derives the same idempotency key. No API call.
 */
export const stackInstance: Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> = {
  check: async (_olds, news) => ({ inputs: news }),
  diff: async () => ({ changes: false }),
  create: async () => {
    const instanceId = randomUUID();
    return { id: instanceId, outs: { instanceId } };
  },
  read: async (id, props) => ({ id, props: props ?? {} }),
  update: async (_id, olds) => ({ outs: olds }),
  delete: async () => undefined,
};
