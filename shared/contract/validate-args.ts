// Runs anywhere (pure).
/**
 * Checks the arguments of a call where they enter the Node side: a renderer (or anything that reached
 * the host) cannot hand a service a malformed value. Deep checks of rules and snapshots happen in the
 * parsers the services use; here the shape of each argument is checked.
 */
import { badInput } from '../errors.js';
import type { MethodName } from './api.js';

type Check = (value: unknown, path: string) => void;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text: Check = (v, path) => {
  if (typeof v !== 'string') throw badInput(`${path} must be a string`);
};
const optionalText: Check = (v, path) => {
  if (v !== undefined && v !== null) text(v, path);
};
const bool: Check = (v, path) => {
  if (typeof v !== 'boolean') throw badInput(`${path} must be true or false`);
};
const list: (item: Check) => Check = (item) => (v, path) => {
  if (!Array.isArray(v)) throw badInput(`${path} must be a list`);
  v.forEach((x, i) => item(x, `${path}[${i}]`));
};
const object: (fields: Record<string, Check>) => Check = (fields) => (v, path) => {
  if (!isRecord(v)) throw badInput(`${path} must be an object`);
  for (const [key, check] of Object.entries(fields)) check(v[key], `${path}.${key}`);
};
const anything: Check = () => undefined;
const count: Check = (v, path) => {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw badInput(`${path} must be a whole number`);
};
const optionalCount: Check = (v, path) => {
  if (v !== null) count(v, path);
};
const savedDraft = object({
  scope: object({ registry: text, project: text, projectId: optionalCount }),
  savedAt: text,
  rules: list(anything),
  labels: list(text),
  nextLabel: count,
});
const kind: Check = (v, path) => {
  if (v !== 'harbor' && v !== 'oci' && v !== 'auto') throw badInput(`${path} must be "harbor", "oci" or "auto"`);
};

const connectionRef = { connectionId: text, secret: optionalText };

const SIGNATURES: Record<MethodName, Check[]> = {
  appInfo: [],
  listConnections: [],
  saveConnection: [
    object({ id: optionalText, name: text, url: text, kind, username: optionalText, caFile: optionalText, insecure: bool, projects: list(text), secret: optionalText }),
  ],
  removeConnection: [text],
  testConnection: [object(connectionRef)],
  listSnapshots: [],
  loadSnapshot: [text],
  fetchSnapshot: [object({ ...connectionRef, projects: list(text), name: optionalText })],
  cancelFetch: [text],
  importSnapshot: [object({ fileName: text, text })],
  exportSnapshot: [text],
  deleteSnapshot: [text],
  pullRules: [object({ ...connectionRef, project: text })],
  planPublish: [object({ ...connectionRef, project: text, rules: list(anything) })],
  applyPublish: [object({ ...connectionRef, project: text, rules: list(anything), remoteFingerprint: text, force: bool })],
  publishHistory: [],
  loadWorkspace: [],
  saveWorkspace: [object({ drafts: list(savedDraft), lastSnapshot: optionalText })],
};

export function validateArgs(method: MethodName, args: unknown): unknown[] {
  if (!Array.isArray(args)) throw badInput(`${method}: arguments must be a list`);
  const signature = SIGNATURES[method];
  if (args.length !== signature.length) throw badInput(`${method} takes ${signature.length} argument(s), got ${args.length}`);
  signature.forEach((check, i) => check(args[i], `${method} argument ${i + 1}`));
  return args;
}
