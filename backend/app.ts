import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { createTestClock } from "./clock";
import { startCheckpointer } from "./db/checkpointer";
import { openDatabase } from "./db/database";
import { frameworkErrors, installErrorHandlers } from "./error-handler";
import { registerOpenApi } from "./openapi";
import { installApiHeaders } from "./plugins/api-headers";
import { installAuth } from "./plugins/auth";
import { registerConsole } from "./plugins/console";
import { createFaults, installFaults } from "./plugins/faults";
import { installJsonBodyParser } from "./plugins/json-body";
import { installStrictQuery } from "./plugins/strict-query";
import { installIdempotency } from "./plugins/idempotency";
import { createRequestStats, installRequestStats } from "./plugins/request-stats";
import { apiKeyRoutes } from "./routes/api-keys";
import { auditEventRoutes } from "./routes/audit-events";
import { authTokenRoutes } from "./routes/auth-tokens";
import { billingRoutes } from "./routes/billing";
import { chatCompletionRoutes } from "./routes/chat-completions";
import { claimRoutes } from "./routes/claims";
import { creditRoutes } from "./routes/credits";
import { groupRoutes } from "./routes/groups";
import { healthRoutes } from "./routes/health";
import { memberRoutes } from "./routes/members";
import { meRoutes } from "./routes/me";
import { searchRoutes } from "./routes/search";
import { managementKeyOnly, testControlRoutes } from "./routes/test-controls";
import { billingTestControlRoutes } from "./routes/test-controls-billing";
import { faultControlRoutes } from "./routes/test-controls-faults";
import { memberTestControlRoutes } from "./routes/test-controls-members";
import { usageRoutes } from "./routes/usage";
import { createApiKeyStore } from "./store/api-keys";
import { createAuditStore } from "./store/audit";
import { createClaimStore } from "./store/claims";
import { createCredentialStore } from "./store/credentials";
import { createGroupStore } from "./store/groups";
import { createIdempotencyStore } from "./store/idempotency";
import { createMemberStore } from "./store/members";
import { createMetering } from "./store/metering";

/** Options of {@link buildApp}. */
export interface BackendOptions {
  /** Optional. SQLite file to keep data in; default `:memory:` (data lives as long as the app). */
  readonly dbPath?: string;
  /**
   * The management key (plaintext), which authenticates as admin. Only its SHA-256 hash is kept, in
   * memory and in the database; it replaces the admin key of an earlier run on the same database.
   */
  readonly adminToken: string;
  /** Optional. Registers the test-only controls under `/_backend/`; default `false`. */
  readonly testMode?: boolean;
  /** Optional. Log requests with pino at `info` (the `Authorization` header redacted); default `false`. */
  readonly logger?: boolean;
  /**
   * Optional. The clock for every timestamp the backend writes; default the system clock. In test mode
   * `POST /_backend/clock/advance` moves it forward.
   */
  readonly now?: () => Date;
}

/**
 * Builds the backend as a Fastify instance, ready for `inject()` or `listen()`; never listens itself.
 * The database is opened here and closed when the app closes.
 */
export async function buildApp(options: BackendOptions): Promise<FastifyInstance> {
  if (options.adminToken.length === 0) throw new Error("adminToken must not be empty");
  const clock = createTestClock(options.now);
  const now = options.testMode === true ? clock.now : options.now ?? (() => new Date());
  const db = openDatabase(options.dbPath ?? ":memory:");
  const app: FastifyInstance = Fastify({
    logger: options.logger === true ? { level: "info", redact: ["req.headers.authorization"] } : false,
    frameworkErrors,
  });
  // A file database is checkpointed off the event loop (see startCheckpointer); an in-memory one has no WAL.
  const checkpointer = options.dbPath === undefined || options.dbPath === ":memory:" ? undefined
    : startCheckpointer(options.dbPath, undefined, (message) => app.log.warn(`background WAL checkpoint failed: ${message}`));
  app.addHook("onClose", async () => {
    await checkpointer?.close();
    db.close();
  });
  try {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installErrorHandlers(app);
    installJsonBodyParser(app);
    installApiHeaders(app);
    installStrictQuery(app);
    const credentials = createCredentialStore(db);
    credentials.setAdminToken(options.adminToken, now().getTime());
    const stats = createRequestStats();
    if (options.testMode === true) installRequestStats(app, stats);
    installAuth(app, credentials);
    installIdempotency(app, createIdempotencyStore(db), () => now().getTime());
    const faults = createFaults();
    if (options.testMode === true) installFaults(app, faults);
    await registerOpenApi(app);
    await app.register(healthRoutes);
    await registerConsole(app);
    const groups = createGroupStore(db);
    const members = createMemberStore(db);
    const roleOf = (memberId: string) => members.roleOf(memberId);
    await app.register(groupRoutes, { groups, roleOf, now });
    await app.register(memberRoutes, { members, roleOf, now });
    await app.register(meRoutes, { members, now });
    await app.register(auditEventRoutes, { audit: createAuditStore(db), groups, roleOf });
    const apiKeys = createApiKeyStore(db, credentials, createAuditStore(db));
    const { autoReload, billing, credits, ledger, usage, reports, invoices } = createMetering(db, createAuditStore(db));
    await app.register(apiKeyRoutes, { apiKeys, roleOf, now });
    await app.register(authTokenRoutes, { apiKeys, ledger, now });
    const transaction = <T>(fn: () => T): T => db.transaction(fn)();
    await app.register(claimRoutes, { claims: createClaimStore(db, createAuditStore(db)), groups, members, apiKeys, roleOf, now, transaction });
    await app.register(billingRoutes, { billing, autoReload, roleOf, now });
    await app.register(creditRoutes, { credits, ledger, roleOf, now });
    await app.register(usageRoutes, { usage, reports, invoices, roleOf, now });
    await app.register(chatCompletionRoutes, { usage, ledger, now });
    await app.register(searchRoutes, { usage, ledger, now });
    // One scope for every test control, so each one runs the management-key check.
    if (options.testMode === true) await app.register(async (controls) => {
      controls.addHook("onRequest", managementKeyOnly);
      await controls.register(testControlRoutes, { db, stats, onReset: clock.reset });
      await controls.register(memberTestControlRoutes, { members, credentials, now });
      await controls.register(billingTestControlRoutes, { clock });
      await controls.register(faultControlRoutes, { faults });
    });
    await app.ready();
    return app;
  } catch (err) {
    await app.close();
    throw err;
  }
}
