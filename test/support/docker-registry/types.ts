// Test helper (pure): shapes shared by the docker-registry helpers.
export interface RegistryUser {
  username: string;
  password: string;
}
