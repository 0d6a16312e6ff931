import type * as pulumi from "@pulumi/pulumi";

/**
 * The object Pulumi serializes into every resource's state. It stays a few lines on purpose: each call
 * loads the implementation by package name in the provider process, so resources created by an older
 * version are read and deleted by the installed one, and no credential or library code lands in state.
 *
 * The implementation is resolved from the program's directory (`process.cwd()` of the provider process):
 * the host evaluates this code without a file name, so a bare `require` could not use the package's
 * self-reference.
 */
export class PerplexityShim implements pulumi.dynamic.ResourceProvider {
  config: pulumi.dynamic.Config | undefined;

  /** @param kind The resource kind the implementation dispatches on, e.g. `group`. */
  constructor(readonly kind: string) {}

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.config = req.config;
  }

  impl() {
    const load = require("module").createRequire(`${process.cwd()}/`);
    return load("pulumi-perplexity/provider").dispatch(this.kind, this.config);
  }

  check(olds: any, news: any) { return this.impl().check(olds, news); }
  diff(id: string, olds: any, news: any) { return this.impl().diff(id, olds, news); }
  create(inputs: any) { return this.impl().create(inputs); }
  read(id: string, props: any) { return this.impl().read(id, props); }
  update(id: string, olds: any, news: any) { return this.impl().update(id, olds, news); }
  delete(id: string, props: any) { return this.impl().delete(id, props); }
}

/** One shim per resource kind: Pulumi caches serialization per object, so each is serialized once per run. */
export const shims = {
  group: new PerplexityShim("group"),
  member: new PerplexityShim("member"),
  apiKey: new PerplexityShim("apiKey"),
  autoReloadPolicy: new PerplexityShim("autoReloadPolicy"),
} as const;
