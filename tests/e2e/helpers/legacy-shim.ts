/**
 * The serialized provider that pulumi-perplexity 0.1.0 stored in every resource's `__provider` (what
 * `pulumi.dynamic.Resource` made of its shim object), byte for byte as in a checkpoint, for `kind`.
 * Stacks written then keep this text until their resources are replaced, so the installed package must
 * keep running it.
 */
export function legacyShimText(kind: string): string {
  return `exports.handler = __f0;\n\nvar __provider = {kind: ${JSON.stringify(kind)}, configure: __configure, check: __configure, diff: __configure, create: __configure, read: __configure, update: __configure, delete: __configure};\n\nfunction __configure(__0) {\n  return (function() {\n    with({ configure: __configure, this: undefined, arguments: undefined }) {\n\nreturn async function /*configure*/(req) {\n    if (!req?.config)\n        throw new Error("pulumi-perplexity: the provider was not configured (see the first error)");\n    Object.assign(this, require("module").createRequire(\`\${process.cwd()}/\`)("pulumi-perplexity/provider").dispatch(this.kind, req.config));\n};\n\n    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n\nfunction __f0() {\n  return (function() {\n    with({ provider: __provider, this: undefined, arguments: undefined }) {\n\nreturn () => provider;\n\n    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n`;
}
