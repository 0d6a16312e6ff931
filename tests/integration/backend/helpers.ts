import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildApp, type BackendOptions } from "../../../backend/app";
import type { CreateGroupRequest, Group } from "../../../api";

/** The management key every test app is built with. */
export const ADMIN_TOKEN = "pplx-admin-test-0123456789abcdef";

/** A valid group address (wire form). */
export const ADDRESS = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } as const;

/** An in-memory backend for `inject()` tests, plus helpers that send the admin token. */
export interface TestApp {
  readonly app: FastifyInstance;
  /** Injects with `Authorization: Bearer <admin token>` unless the options set their own. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  createGroup(body?: Partial<CreateGroupRequest>): Promise<Group>;
}

/** Builds a test app (test mode on unless overridden). Close `app` in afterAll. */
export async function buildTestApp(options: Partial<BackendOptions> = {}): Promise<TestApp> {
  const app = await buildApp({ adminToken: ADMIN_TOKEN, testMode: true, ...options });
  const request = (o: InjectOptions) =>
    app.inject({ ...o, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...o.headers } });
  const createGroup = async (body: Partial<CreateGroupRequest> = {}) => {
    const res = await request({ method: "POST", url: "/v1/groups", payload: { name: "Acme", address: ADDRESS, ...body } });
    if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
    return res.json<Group>();
  };
  return { app, request, createGroup };
}

/** Options of {@link useTestApp}: the backend's, plus whether to empty it before each test. */
export interface UseTestAppOptions extends Partial<BackendOptions> {
  /** Empties the app with `POST /_backend/reset` before each test (needs test mode). Optional; default false. */
  readonly resetEach?: boolean;
}

/**
 * Builds one test app for the enclosing `describe` block (or file) before its tests and closes it after
 * them; with `resetEach`, each test starts from an empty database. Call it where the hooks belong, before
 * the block's own `beforeEach`, which then runs after the reset. The app is built in `beforeAll`, so use
 * the returned one inside tests and hooks only.
 * @example
 * let clock = new Date("2026-01-01T00:00:00.000Z");
 * const t = useTestApp({ now: () => clock, resetEach: true });
 */
export function useTestApp(options: UseTestAppOptions = {}): TestApp {
  const { resetEach = false, ...backend } = options;
  let built: TestApp | undefined;
  const current = (): TestApp => {
    if (built === undefined) throw new Error("The test app is built in beforeAll: use it inside a test or hook.");
    return built;
  };
  beforeAll(async () => {
    built = await buildTestApp(backend);
  });
  afterAll(async () => built?.app.close());
  if (resetEach) {
    beforeEach(async () => {
      const res = await current().request({ method: "POST", url: "/_backend/reset" });
      if (res.statusCode !== 200) throw new Error(`reset failed: ${res.statusCode} ${res.body}`);
    });
  }
  // A stable object over the app built later, so test files can keep it in a `const`.
  return {
    get app() {
      return current().app;
    },
    request: (o) => current().request(o),
    createGroup: (body) => current().createGroup(body),
  };
}
