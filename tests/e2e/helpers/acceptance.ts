import type { PulumiFn } from "@pulumi/pulumi/automation";
import { startTestBackend, type TestBackend } from "../../helpers/backend";
import { newStack, previewSteps, type TestStack } from "./stack";

/**
 * One resource's acceptance story, Terraform-acceptance style. The helper runs, in order: create →
 * preview with no changes → update → refresh with no drift → change out of band → drift reported naming
 * the property → `up` restores → destroy → the API confirms it is gone.
 */
export interface AcceptanceSpec<Ctx> {
  /** Creates what the resource needs (a group, a payment method) directly through the API. */
  prepare(backend: TestBackend): Promise<Ctx>;
  /** The program at step 1 (create) and step 2 (the update); it must export the resource's id as `id`. */
  program(step: 1 | 2, ctx: Ctx): PulumiFn;
  /** The operation step 2 causes: an in-place update or a replacement. */
  readonly updateOp: "update" | "replace";
  /** Checks the object through the API after each step. */
  assertLive(backend: TestBackend, id: string, step: 1 | 2, ctx: Ctx): Promise<void>;
  /** Changes the object behind Pulumi's back; returns the input property that now differs. */
  driftOutOfBand(backend: TestBackend, id: string, ctx: Ctx): Promise<string>;
  /** Confirms through the API that the object is gone (or released) after destroy. */
  assertGone(backend: TestBackend, id: string, ctx: Ctx): Promise<void>;
}

/** Defines the acceptance tests of one resource kind. */
export function describeAcceptance<Ctx>(title: string, spec: AcceptanceSpec<Ctx>): void {
  describe(`${title} acceptance`, () => {
    let backend: TestBackend;
    let test: TestStack;
    let ctx: Ctx;
    let step: 1 | 2 = 1;
    let id: string;

    beforeAll(async () => {
      backend = await startTestBackend();
      ctx = await spec.prepare(backend);
      test = await newStack(backend, () => spec.program(step, ctx)());
    });

    afterAll(async () => {
      await test?.cleanup();
      await backend?.close();
    });

    it("up creates it in the API", async () => {
      const up = await test.stack.up();
      id = up.outputs.id?.value as string;
      await spec.assertLive(backend, id, 1, ctx);
    });

    it("a preview right after up proposes no changes", async () => {
      await expect(test.stack.preview({ expectNoChanges: true })).resolves.toBeDefined();
    });

    it(`changing the program makes an ${spec.updateOp}`, async () => {
      step = 2;
      const { steps } = await previewSteps(test.stack);
      expect(steps.map((s) => s.op)).toEqual([spec.updateOp]);
      const up = await test.stack.up();
      const newId = up.outputs.id?.value as string;
      if (spec.updateOp === "update") expect(newId).toBe(id);
      id = newId;
      await spec.assertLive(backend, id, 2, ctx);
    });

    it("a refresh right after the update finds no drift", async () => {
      await expect(test.stack.preview({ refresh: true, expectNoChanges: true })).resolves.toBeDefined();
    });

    it("a change made through the API shows as drift naming the property, and up restores it", async () => {
      const property = await spec.driftOutOfBand(backend, id, ctx);
      const { steps, stdout } = await previewSteps(test.stack, { refresh: true });
      expect(steps).toEqual([expect.objectContaining({ op: "update", diffs: expect.arrayContaining([property]) })]);
      expect(stdout).toMatch(new RegExp(`\\[diff: [^\\]]*~${property}`));
      await test.stack.up({ refresh: true });
      await spec.assertLive(backend, id, 2, ctx);
      await expect(test.stack.preview({ refresh: true, expectNoChanges: true })).resolves.toBeDefined();
    });

    it("destroy removes it, and the API confirms", async () => {
      await test.stack.destroy();
      await spec.assertGone(backend, id, ctx);
    });
  });
}
