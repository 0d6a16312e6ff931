import type { EngineEvent, StepEventMetadata, StepEventStateMetadata } from "@pulumi/pulumi/automation";

/** What a secret looks like in engine events. */
export const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };

const STACK = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
const SHIM = "exports.handler = __f0; // the serialized provider";

/** A resource's URN in stack `dev` of project `proj`. */
export function urnOf(type: string, name: string): string {
  return `urn:pulumi:dev::proj::pulumi-nodejs:dynamic/perplexity:${type}::${name}`;
}

function state(type: string, name: string, id: string, inputs: Record<string, unknown>): StepEventStateMetadata {
  return { type: `pulumi-nodejs:dynamic/perplexity:${type}`, urn: urnOf(type, name), custom: true, id, parent: STACK,
    inputs: { __provider: SHIM, ...inputs }, outputs: { ...inputs }, provider: "" };
}

/** Builds the engine events of a refresh preview, numbering them in order, as the engine would. */
export class PreviewEvents {
  readonly events: EngineEvent[] = [];

  private pre(metadata: StepEventMetadata): this {
    this.events.push({ sequence: this.events.length + 1, timestamp: 0, resourcePreEvent: { metadata } });
    return this;
  }

  /** The engine's own steps: the stack and the default provider, which are never reported. */
  engineSteps(): this {
    const provider = "urn:pulumi:dev::proj::pulumi:providers:pulumi-nodejs::default";
    const providerState: StepEventStateMetadata = { type: "pulumi:providers:pulumi-nodejs", urn: provider, id: "p", parent: "",
      inputs: { "perplexity:apiKey": SECRET }, outputs: {}, provider: "" };
    this.pre({ op: "refresh", urn: STACK, type: "pulumi:pulumi:Stack", provider: "" });
    this.pre({ op: "update", urn: provider, type: "pulumi:providers:pulumi-nodejs", old: providerState, new: providerState, provider: "" });
    return this.pre({ op: "same", urn: STACK, type: "pulumi:pulumi:Stack", provider: "" });
  }

  /** The refresh step: the state as of the last up (old and new alike). */
  refresh(type: string, name: string, id: string, inputs: Record<string, unknown>): this {
    const s = state(type, name, id, inputs);
    return this.pre({ op: "refresh", urn: s.urn, type: s.type, old: s, new: s, provider: "" });
  }

  /** A step after the refresh: `live` is the refreshed state (`old`), `declared` the program's inputs (`new`). */
  step(op: StepEventMetadata["op"], type: string, name: string, id: string,
    live: Record<string, unknown> | undefined, declared: Record<string, unknown> | undefined): this {
    const old = live && state(type, name, id, live);
    const declaredState = declared && state(type, name, "", declared);
    return this.pre({ op, urn: urnOf(type, name), type: `pulumi-nodejs:dynamic/perplexity:${type}`,
      ...(old ? { old } : {}), ...(declaredState ? { new: declaredState } : {}), provider: "" });
  }

  /** A resource whose refresh found it as declared. */
  same(type: string, name: string, id: string, inputs: Record<string, unknown>): this {
    return this.refresh(type, name, id, inputs).step("same", type, name, id, inputs, inputs);
  }

  /** An error diagnostic, as a failed refresh reports it. */
  error(message: string, urn?: string): this {
    this.events.push({ sequence: this.events.length + 1, timestamp: 0,
      diagnosticEvent: { message, color: "never", severity: "error", ...(urn ? { urn } : {}) } });
    return this;
  }
}
