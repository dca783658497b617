// Runs in Node.
export const USAGE = `taglock: preview and check Harbor tag-immutability rules

Commands (RULES.json is a JSON array of Harbor rule objects, as the list endpoint returns them):
  taglock eval --rules RULES.json [--harbor-version V] [--dialect v1.3.4|v1.1.1]
      Reads JSON lines {"repository": "team/app", "tags": ["v1"]} on stdin (repository without the
      project; a line may carry its own "rules": [...] and "path": "push"|"retention") and writes one
      line per input, in order:
      {"immutable": true|false, "rule": <id or null>, "error": <message or null>}
  taglock simulate --snapshot S.json [--rules RULES.json] [--harbor-version V] [--dialect D] [--format table|json]
      Judges every tag and digest of a snapshot. Without --rules, each project's rules in force at
      fetch time are used and compared with Harbor's own verdicts.
  taglock retention --snapshot S.json [--retention POLICY.json] [--rules RULES.json] [--at DATE]
                    [--project NAME]... [--harbor-version V] [--dialect D] [--format table|json]
      The cleanup forecast: what the next tag-retention run deletes, what it retains, and what it
      would delete but immutability keeps, per artifact and repository, with the bytes Harbor reports.
      POLICY.json is a retention policy as GET /api/v2.0/retentions/{id} returns it (default: the one
      the snapshot recorded for each project); --rules as for simulate; --at the run's time (default
      now). Read-only: nothing is written to a server.
  taglock lint --rules RULES.json [--snapshot S.json] [--project NAME]... [--harbor-version V] [--dialect D]
               [--at DATE] [--format text|json]
      Findings with severity; exit status 1 when any finding is an error. --project names the project
      the rules belong to (default: the project id the rules carry, else every project of the snapshot).
      --at: when the retention policy the snapshot recorded is judged to run (default: its fetch time).
  taglock snapshot --url URL [--project NAME]... [AUTH] [--kind auto|harbor|oci] [--concurrency N] --out FILE
      Fetches projects (all you can see when none is named) into a snapshot that works offline:
      Harbor when /api/v2.0/systeminfo answers Harbor's JSON, the plain OCI API (read-only) when it is
      not there; any other answer is an error unless --kind says which.
  taglock rules pull --url URL --project NAME [AUTH] --out RULES.json
  taglock plan --url URL --project NAME (--rules RULES.json | --terraform PATH) [--snapshot S.json] [AUTH]
               [--format text|json] [--out PLAN.json]
      The calls that make the project's rules exactly RULES.json (or what --terraform PATH gives the
      project), and their effect on the snapshot.
      --out saves the plan with the server state it was made from.
  taglock apply --url URL --project NAME --rules RULES.json [--snapshot S.json] [AUTH] [--yes]
                [--rebase | --force] [--history FILE]
      Plans and carries out the plan, verifies it, and records it in the history. If the server's rules
      changed while you reviewed it, nothing is written and the changes are listed; --rebase re-plans on
      top of them (rules you did not touch keep their version), --force overwrites them, printing
      what it reverts.
  taglock apply --plan PLAN.json [AUTH] [--yes] [--rebase] [--history FILE]
      Carries out exactly a saved plan; refuses with no write when the project or its rules changed.
      Ctrl-C stops apply after the step in flight and prints what was and was not applied.
  taglock plan --snapshot S.json (--rules RULES.json | --terraform PATH) [--project NAME] [--format text|json]
      The same plan without a registry: against the rules the snapshot recorded for the project.
  taglock export (--rules RULES.json | --snapshot S.json --project NAME) --format terraform|json
                 [--project-id EXPR] [--harbor-project-id N]
      Terraform: harbor_immutable_tag_rule resources in terraform fmt layout, with an import block
      (/projects/N/immutabletagrules/ID) for every rule that exists in Harbor, so applying adopts it.
      project_id is "/projects/N" (N from --harbor-project-id, or the project in the snapshot), or EXPR
      as written. With --snapshot and no --rules, the rules the snapshot recorded are exported.
  taglock import --terraform PATH [--project NAME] [--var-file FILE]... [--snapshot S.json]
      The rules a Terraform configuration folder (.tf, .tf.json, .tfvars), state or plan JSON
      (terraform show -json) gives Harbor, converted exactly as the Harbor provider converts them:
      a JSON array for one project, an object of arrays by project name for several. Where the
      provider changes a rule's meaning, and what cannot be worked out (variables without a value,
      functions), is said on stderr; exit status 1 when a rule could not be converted.
  taglock check (--rules RULES.json | --terraform PATH) --snapshot S.json [--base RULES.json]
                [--project NAME] [--max-freed-digests N] [--format text|json|markdown]
      A rule change judged for CI against --base (default: the rules the snapshot recorded). Fails
      (exit status 1) when it makes tags CI moves immutable (latest, main, sha-…), adds a lint error,
      or frees more than N protected digests (default 0). markdown is a pull-request comment.
  taglock demo-snapshot --out FILE
      Writes the demo snapshot (project "shop", 36 repositories) to try the other commands.
  taglock help | --version

--harbor-version V (e.g. v2.15.2-abcdef12) picks every version-dependent behaviour (the glob library,
the name tag retention judges, untagged artifacts); default: the version a snapshot recorded, else the
newest release. --dialect overrides only the glob library.

AUTH: --username U with --password-stdin (or the TAGLOCK_PASSWORD environment variable); --ca FILE
for a private CA; --insecure switches certificate verification off (and says so). Robot accounts are
given with their full name, prefix included (e.g. 'robot$ci'). Secrets are never saved or printed.

Exit status: 0 success; 1 lint errors, a failed check, a Terraform rule that could not be converted,
a refused or failed registry operation, or an apply that did not complete; 2 unusable input.
Failures print one line on stderr.
`;
