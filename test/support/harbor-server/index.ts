// Test helper (Node): a Harbor-faithful registry API server for tests, started in-process.
// See server.ts for the pipeline, routes/ for the endpoints, and README.md beside this file for the
// behaviour reproduced and the parts of the Harbor spec it follows.
export { startHarborServer, type HarborServer } from './server.js';
export {
  HarborState,
  type StateArtifact,
  type StateProject,
  type StateRegistry,
  type StateReplicationPolicy,
  type StateRepository,
  type StateRobot,
  type StateTag,
  type StateUser,
  type StoredRetentionPolicy,
  type StoredRule,
} from './state.js';
export { Faults, type Fault, type FaultKind, type FaultRequest, type FaultSpec } from './faults.js';
export { HARBOR_DEVIATIONS, loadSwagger, validateResponse, type ValidateOptions } from './swagger.js';
export { engineJudge } from './judge.js';
export { bindRuleBody, listedRule, ruleBlob, type RuleMetadata } from './rule-blob.js';
export { retentionAnswer, retentionBlob } from './retention-blob.js';
export type {
  ArtifactOption,
  HarborServerOptions,
  ImmutabilityJudge,
  ListedRule,
  ListedSelector,
  ProjectOption,
  ProjectRole,
  ReferenceOption,
  RegistryOption,
  ReplicationFilterOption,
  ReplicationPolicyOption,
  RepositoryOption,
  RequestLogEntry,
  RetentionPolicyOption,
  RobotOption,
  TagOption,
  UserOption,
} from './types.js';
