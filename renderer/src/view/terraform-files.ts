// Runs in the browser (no DOM needed).
/**
 * Which of the files the admin picked are read as Terraform, and whether they fit the contract's bounds.
 * A picked folder contributes its own configuration and variable files only: Terraform reads no
 * subfolder (modules are not followed, `.terraform/` is its cache) and other JSON there may be anything;
 * state or plan JSON is read only when picked as a file.
 */
import type { TerraformFileInput } from '../../../shared/contract/api.js';
import { TERRAFORM_INPUT_LIMITS, terraformFileRole } from '../../../shared/contract/terraform-input.js';
import { formatCount } from './format.js';

export interface PickedFile {
  name: string;
  /** `folder/main.tf` for a file of a picked folder; "" for a file picked on its own. */
  relativePath: string;
  /** Bytes. */
  size: number;
}

export interface TerraformSelection {
  /** Indexes of the picked files to read. */
  read: number[];
  /** Names of the files left aside (other files, subfolders). */
  skipped: string[];
  /** Why nothing can be read, or null. */
  problem: string | null;
}

/** UTF-8 needs at most 4 bytes a character: a larger file surely has more characters than allowed. */
const MAX_BYTES = TERRAFORM_INPUT_LIMITS.fileChars * 4;

export function selectTerraformFiles(picked: readonly PickedFile[], from: 'folder' | 'files'): TerraformSelection {
  const read: number[] = [];
  const skipped: string[] = [];
  picked.forEach((file, index) => {
    const depth = file.relativePath === '' ? 0 : file.relativePath.split('/').length - 1;
    const role = terraformFileRole(file.name);
    const wanted = from === 'folder' ? depth <= 1 && (role === 'configuration' || role === 'variables') : role !== null;
    if (wanted) read.push(index);
    else skipped.push(file.relativePath || file.name);
  });
  const tooLarge = read.find((i) => picked[i]!.size > MAX_BYTES);
  const problem =
    read.length === 0
      ? from === 'folder'
        ? 'the folder has no .tf, .tf.json or .tfvars files'
        : 'none of the files is a Terraform file (.tf, .tf.json, .tfvars, or the JSON of terraform show -json)'
      : read.length > TERRAFORM_INPUT_LIMITS.files
        ? `${formatCount(read.length)} Terraform files are more than the ${TERRAFORM_INPUT_LIMITS.files} Taglock reads at once`
        : tooLarge !== undefined
          ? `${picked[tooLarge]!.name} is larger than Taglock reads (${formatCount(TERRAFORM_INPUT_LIMITS.fileChars)} characters a file)`
          : null;
  return { read, skipped, problem };
}

/** Why texts read from the picked files cannot be sent, or null. */
export function terraformTextsProblem(files: readonly TerraformFileInput[]): string | null {
  const long = files.find((f) => f.text.length > TERRAFORM_INPUT_LIMITS.fileChars);
  if (long) return `${long.name} is larger than Taglock reads (${formatCount(TERRAFORM_INPUT_LIMITS.fileChars)} characters a file)`;
  const total = files.reduce((sum, f) => sum + f.text.length, 0);
  if (total > TERRAFORM_INPUT_LIMITS.totalChars) return `the files hold more than the ${formatCount(TERRAFORM_INPUT_LIMITS.totalChars)} characters Taglock reads at once`;
  return null;
}
