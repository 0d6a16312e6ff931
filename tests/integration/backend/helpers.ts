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
