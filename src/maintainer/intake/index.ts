/**
 * Report intake (issue 9, maintainer side): the HTTP intake server, its SQLite store and the triage CLI.
 * The `lists` CLI wires `intake` and `triage` to runIntakeCommand / runTriageCommand; main.ts runs them alone.
 */
export { runIntakeCommand, INTAKE_USAGE, DEFAULT_INTAKE_PORT } from './intake-cli';
export { runTriageCommand, TRIAGE_USAGE } from './triage-cli';
export { startIntakeServer, DEFAULT_RATE_LIMITS, type IntakeServer, type IntakeServerOptions, type RateLimits } from './server';
export { openSqliteStore, SqliteReportStore, StoreError } from './sqlite-store';
export { openPostgresStore, PostgresReportStore } from './pg-store';
export { openStore, isPostgresUrl } from './open-store';
export type { ReportStore, NewReport, StoredReport, PendingGroup, InsertOutcome, StatusView } from './store';
export {
  ReportSchema,
  MAX_BODY_BYTES,
  SCREENSHOT_MAX_BYTES,
  type Report,
  type ReportInput,
  type ReportStatus,
  type StatusBody,
  type ApiErrorBody,
  type ApiErrorCode,
} from './schema';
export { acceptReports, rejectReports, resolveFalsePositive, listPending } from './triage';
