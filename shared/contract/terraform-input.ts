// Runs anywhere (pure).
/**
 * The files of a Terraform folder as the page hands them over (`openTerraform`): only the folder's own
 * files, by name, with their text. The page cannot give the Node side a folder path in a browser (it
 * never learns one), so the admin picks the folder or its files there and the page reads them; the
 * same works in the desktop shell. The bounds are shared so the page can refuse before sending and the
 * Node side refuses whatever reaches it anyway.
 */

export const TERRAFORM_INPUT_LIMITS = Object.freeze({
  /** A root module with its variable files: far more than any real one has. */
  files: 200,
  /** Characters of one file. */
  fileChars: 1024 * 1024,
  /** Characters of all files together. */
  totalChars: 4 * 1024 * 1024,
  /** A file name without any folder. */
  nameChars: 255,
});

/**
 * What a file is to Terraform, by its name: `configuration` (`.tf`, `.tf.json`), `variables` (`.tfvars`,
 * `.tfvars.json`), `json` (`terraform show -json` output or a `.tfstate`), or null for anything else.
 */
export type TerraformFileRole = 'configuration' | 'variables' | 'json';

export function terraformFileRole(name: string): TerraformFileRole | null {
  if (name.endsWith('.tf') || name.endsWith('.tf.json')) return 'configuration';
  if (name.endsWith('.tfvars') || name.endsWith('.tfvars.json')) return 'variables';
  if (name.endsWith('.json') || name.endsWith('.tfstate')) return 'json';
  return null;
}

/** Whether Terraform loads a variables file without being told (`-var-file`): it reads only these. */
export function isAutomaticVariableFile(name: string): boolean {
  return name === 'terraform.tfvars' || name === 'terraform.tfvars.json' || name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json');
}
