// Runs in Node.
export const USAGE = `taglock: preview and check Harbor tag-immutability rules

Commands (RULES.json is a JSON array of Harbor rule objects, as the list endpoint returns them):
  taglock eval --rules RULES.json [--dialect v1.3.4|v1.1.1]
      Reads JSON lines {"repository": "team/app", "tags": ["v1"]} on stdin (repository without the
      project; a line may carry its own "rules": [...]) and writes one line per input, in order:
      {"immutable": true|false, "rule": <id or null>, "error": <message or null>}
  taglock simulate --snapshot S.json [--rules RULES.json] [--dialect D] [--format table|json]
      Judges every tag and digest of a snapshot. Without --rules, each project's rules in force at
      fetch time are used and compared with Harbor's own verdicts.
  taglock lint --rules RULES.json [--snapshot S.json] [--project NAME]... [--dialect D] [--format text|json]
      Findings with severity; exit status 1 when any finding is an error.
  taglock demo-snapshot --out FILE
      Writes the demo snapshot (project "shop", 36 repositories) to try the other commands.
  taglock help | --version

Exit status: 0 success, 1 lint errors, 2 unusable input (one line on stderr).
`;
