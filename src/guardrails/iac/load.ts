// The IO edge of `vpnguard iac`: finds Terraform files, plan JSON and CloudFormation templates
// under the given paths, reads them and hands the text to the pure readers.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../../cli/exit-codes.js';
import { readTerraformModule, TerraformSyntaxError } from './terraform-source.js';
import type { TerraformFile } from './terraform-source.js';
import { isTerraformJson, readTerraformPlan } from './terraform-plan.js';
import {
  isCloudFormationTemplate,
  parseTemplate,
  readCloudFormation,
  TemplateSyntaxError,
} from './cloudformation-source.js';
import type { IacResource } from './values.js';

/** Directories that hold dependencies or tool state, never the user's IaC. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.terraform', '.git', 'dist', 'coverage']);
const TEMPLATE_EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);

export interface LintInput {
  paths: string[];
  /** Reported paths are relative to it (SARIF needs paths relative to the repository root). */
  root: string;
}

export interface LoadResult {
  resources: IacResource[];
  /** Display paths of the files that were recognised and read. */
  files: string[];
}

/** The repository root: the nearest ancestor holding .git, else the directory itself. */
export function findRepositoryRoot(start: string): string {
  let current = resolve(start);
  for (;;) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return resolve(start);
    current = parent;
  }
}

export function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') ? file.split(sep).join('/') : rel.split(sep).join('/');
}

interface Candidate {
  path: string;
  explicit: boolean;
}

function walk(directory: string, found: Candidate[]): void {
  for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) walk(full, found);
    } else if (
      entry.isFile() &&
      (entry.name.endsWith('.tf') || TEMPLATE_EXTENSIONS.has(extname(entry.name)))
    ) {
      found.push({ path: full, explicit: false });
    }
  }
}

function candidates(paths: string[]): Candidate[] {
  const found: Candidate[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new UsageError(
        `cannot read ${path}: no such file or directory; pass .tf files, plan JSON, CloudFormation templates or directories`,
      );
    }
    if (isDirectory) walk(resolve(path), found);
    else found.push({ path: resolve(path), explicit: true });
  }
  const seen = new Set<string>();
  return found.filter((c) => (seen.has(c.path) ? false : (seen.add(c.path), true)));
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function looksLikeCloudFormation(content: string): boolean {
  return /AWSTemplateFormatVersion|["']?Type["']?\s*:\s*["']?AWS::/.test(content);
}

function tfvarsFiles(directory: string, root: string): TerraformFile[] {
  const names = readdirSync(directory)
    .filter((name) => name.endsWith('.auto.tfvars'))
    .sort();
  if (existsSync(join(directory, 'terraform.tfvars'))) names.unshift('terraform.tfvars');
  return names.map((name) => ({
    path: displayPath(root, join(directory, name)),
    content: read(join(directory, name)),
  }));
}

function loadTemplateLike(
  candidate: Candidate,
  root: string,
): { resources: IacResource[]; recognised: boolean } {
  const file = displayPath(root, candidate.path);
  const content = read(candidate.path);
  if (extname(candidate.path) === '.json') {
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch (err) {
      if (!candidate.explicit && !looksLikeCloudFormation(content))
        return { resources: [], recognised: false };
      throw new UsageError(
        `${file}: invalid JSON (${err instanceof Error ? err.message : String(err)}); fix the file or pass the output of terraform show -json`,
      );
    }
    if (isTerraformJson(json)) return { resources: readTerraformPlan(file, json, content), recognised: true };
  }
  let root_;
  try {
    root_ = parseTemplate(file, content);
  } catch (err) {
    if (err instanceof TemplateSyntaxError && (candidate.explicit || looksLikeCloudFormation(content))) {
      throw new UsageError(`${err.message}; fix the YAML/JSON syntax (cfn-lint shows the details)`);
    }
    if (err instanceof TemplateSyntaxError) return { resources: [], recognised: false };
    throw err;
  }
  if (!isCloudFormationTemplate(root_)) return { resources: [], recognised: false };
  return { resources: readCloudFormation(file, root_), recognised: true };
}

/** Reads every IaC file under the paths. Throws UsageError for unreadable or unparseable input. */
export function loadIac(input: LintInput): LoadResult {
  const all = candidates(input.paths);
  const resources: IacResource[] = [];
  const files: string[] = [];

  const terraformDirectories = new Map<string, Candidate[]>();
  for (const candidate of all.filter((c) => c.path.endsWith('.tf'))) {
    const directory = dirname(candidate.path);
    terraformDirectories.set(directory, [...(terraformDirectories.get(directory) ?? []), candidate]);
  }
  for (const [directory, tfFiles] of terraformDirectories) {
    const module: TerraformFile[] = tfFiles.map((c) => ({
      path: displayPath(input.root, c.path),
      content: read(c.path),
    }));
    try {
      resources.push(
        ...readTerraformModule({
          files: module,
          tfvars: tfvarsFiles(directory, input.root),
          isLocalModuleScanned: (source) => terraformDirectories.has(resolve(directory, source)),
        }),
      );
    } catch (err) {
      if (err instanceof TerraformSyntaxError) {
        throw new UsageError(`${err.message}; fix the HCL syntax (terraform validate shows the details)`);
      }
      throw err;
    }
    files.push(...module.map((f) => f.path));
  }

  for (const candidate of all.filter((c) => !c.path.endsWith('.tf'))) {
    if (!TEMPLATE_EXTENSIONS.has(extname(candidate.path))) {
      throw new UsageError(
        `${displayPath(input.root, candidate.path)}: not a Terraform (.tf), plan JSON or CloudFormation (.yaml/.yml/.json/.template) file`,
      );
    }
    const loaded = loadTemplateLike(candidate, input.root);
    if (!loaded.recognised && candidate.explicit) {
      throw new UsageError(
        `${displayPath(input.root, candidate.path)}: neither a CloudFormation template (no Resources with AWS:: types) nor terraform show -json output (${basename(candidate.path)})`,
      );
    }
    if (loaded.recognised) {
      files.push(displayPath(input.root, candidate.path));
      resources.push(...loaded.resources);
    }
  }
  return { resources, files };
}
