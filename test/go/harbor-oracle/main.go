// Command harbor-oracle is Taglock's test oracle: it answers glob and immutability questions with the
// glob library Harbor links (github.com/bmatcuk/doublestar v1 API), so the TypeScript matcher and
// decision engine can be compared against the real thing on generated cases.
//
// Build in GOPATH mode (Debian packages golang-go and golang-github-bmatcuk-doublestar-dev):
//
//	GO111MODULE=off GOPATH=<tmp>:/usr/share/gocode go build -o harbor-oracle main.go
//
// Subcommands (all read JSON lines on stdin and write one line per input line on stdout):
//
//	match                     {"p": pattern, "n": name}           -> true | false | ERR
//	decide [--rules FILE]     {"repository": R, "tags": [...]}    -> {"immutable": b, "rule": id|null, "error": msg|null}
//	                          a line may carry its own "rules" array, which then replaces --rules for that line
//	bench-decide --rules FILE --candidates FILE [--runs N]        -> {"candidates": N, "immutable": K, "seconds": S}
//	                          S is the fastest of N timed passes over the candidates (default 1)
//	sort-slice                {"keys": [k0, k1, ...]}             -> [positions]: the order sort.Slice leaves the
//	                          positions in when sorting by key descending, as Harbor's retention templates
//	                          (latestPushedK, latestPulledN, latestActiveK) sort their candidates
//
// The decision follows shared/spec/harbor-immutability.md §2, written after Harbor's
// src/pkg/immutable/match/rule/match.go, src/lib/selector/selectors/index/index.go and
// src/lib/selector/selectors/doublestar/selector.go.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/bmatcuk/doublestar"
)

// Selector is one entry of scope_selectors.repository or tag_selectors.
type Selector struct {
	Kind       string `json:"kind"`
	Decoration string `json:"decoration"`
	Pattern    string `json:"pattern"`
}

// Rule is the wire form of an immutable-tag rule (spec §1). Fields that matching ignores are omitted.
type Rule struct {
	ID             int64                 `json:"id"`
	Disabled       bool                  `json:"disabled"`
	ScopeSelectors map[string][]Selector `json:"scope_selectors"`
	TagSelectors   []Selector            `json:"tag_selectors"`
}

// Candidate is one artifact (or one tag of it) being judged; Repository excludes the project.
type Candidate struct {
	Repository string          `json:"repository"`
	Tags       []string        `json:"tags"`
	Rules      json.RawMessage `json:"rules,omitempty"`
}

// Decision is what decide prints for a candidate.
type Decision struct {
	Immutable bool    `json:"immutable"`
	Rule      *int64  `json:"rule"`
	Error     *string `json:"error"`
}

// Decorations registered for the doublestar kind (index.go).
var doublestarDecorations = []string{"matches", "excludes", "repoMatches", "repoExcludes", "nsMatches", "nsExcludes"}

// checkSelector mirrors index.Get: the same checks, in the same order, with the same messages.
func checkSelector(s Selector) error {
	if len(s.Kind) == 0 || len(s.Decoration) == 0 {
		return errors.New("empty selector kind or decoration")
	}
	if s.Kind != "doublestar" {
		return fmt.Errorf("selector %s is not registered", s.Kind)
	}
	for _, d := range doublestarDecorations {
		if d == s.Decoration {
			return nil
		}
	}
	return fmt.Errorf("decoration %s of selector %s is not supported", s.Decoration, s.Kind)
}

// glob is Harbor's match(): an empty pattern matches everything.
func glob(pattern, s string) (bool, error) {
	if len(pattern) == 0 {
		return true, nil
	}
	return doublestar.Match(pattern, s)
}

// selected answers whether the selector selects the single candidate (spec §2, selected(sel)).
// Tags are tested in order and the scan stops at the first deciding tag, so a glob error on a later
// tag is only reached when the earlier tags did not decide.
func selected(s Selector, repository string, tags []string, untaggedAnswer bool) (bool, error) {
	switch s.Decoration {
	case "matches":
		if len(tags) == 0 {
			return untaggedAnswer, nil
		}
		for _, t := range tags {
			m, err := glob(s.Pattern, t)
			if err != nil {
				return false, err
			}
			if m {
				return true, nil
			}
		}
		return false, nil
	case "excludes":
		if len(tags) == 0 {
			return untaggedAnswer, nil
		}
		for _, t := range tags {
			m, err := glob(s.Pattern, t)
			if err != nil {
				return false, err
			}
			if !m {
				return true, nil
			}
		}
		return false, nil
	case "repoMatches", "repoExcludes":
		if len(repository) == 0 {
			return false, nil
		}
		m, err := glob(s.Pattern, repository)
		if err != nil {
			return false, err
		}
		return m != (s.Decoration == "repoExcludes"), nil
	default:
		// nsMatches / nsExcludes: the candidate carries no namespace, so they never select.
		return false, nil
	}
}

// sortRules orders rules by id ascending (stable for equal ids), as Harbor lists them.
func sortRules(rules []Rule) []Rule {
	out := make([]Rule, len(rules))
	copy(out, rules)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// decide runs the spec §2 procedure over rules that are already sorted by id.
func decide(rules []Rule, repository string, tags []string) Decision {
	fail := func(err error) Decision {
		msg := err.Error()
		return Decision{Immutable: false, Rule: nil, Error: &msg}
	}
	for i := range rules {
		r := &rules[i]
		if r.Disabled {
			continue
		}
		repoSels := r.ScopeSelectors["repository"]
		if len(repoSels) < 1 {
			continue
		}
		if err := checkSelector(repoSels[0]); err != nil {
			return fail(err)
		}
		ok, err := selected(repoSels[0], repository, tags, true)
		if err != nil {
			return fail(err)
		}
		if !ok {
			continue
		}
		if len(r.TagSelectors) < 1 {
			continue
		}
		ts := r.TagSelectors[0]
		if err := checkSelector(ts); err != nil {
			return fail(err)
		}
		ok, err = selected(ts, repository, tags, ts.Decoration == "excludes")
		if err != nil {
			return fail(err)
		}
		if ok {
			id := r.ID
			return Decision{Immutable: true, Rule: &id, Error: nil}
		}
	}
	return Decision{}
}

func die(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "harbor-oracle: "+format+"\n", args...)
	os.Exit(2)
}

// eachLine calls fn for every non-blank line of r (lines may be long).
func eachLine(r io.Reader, fn func(lineNo int, line []byte)) {
	br := bufio.NewReaderSize(r, 1<<20)
	lineNo := 0
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			lineNo++
			trimmed := bytes.TrimSpace(line)
			if len(trimmed) > 0 {
				fn(lineNo, trimmed)
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			die("reading input: %v", err)
		}
	}
}

func readRules(file string) []Rule {
	data, err := os.ReadFile(file)
	if err != nil {
		die("%v", err)
	}
	var rules []Rule
	if err := json.Unmarshal(data, &rules); err != nil {
		die("%s: not a JSON array of rules: %v", file, err)
	}
	return sortRules(rules)
}

func cmdMatch(args []string) {
	fs := flag.NewFlagSet("match", flag.ExitOnError)
	_ = fs.Parse(args)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	var pair struct {
		P *string `json:"p"`
		N *string `json:"n"`
	}
	eachLine(os.Stdin, func(lineNo int, line []byte) {
		pair.P, pair.N = nil, nil
		if err := json.Unmarshal(line, &pair); err != nil || pair.P == nil || pair.N == nil {
			out.Flush()
			die("line %d: want {\"p\": string, \"n\": string}: %v", lineNo, err)
		}
		m, err := doublestar.Match(*pair.P, *pair.N)
		switch {
		case err != nil:
			out.WriteString("ERR\n")
		case m:
			out.WriteString("true\n")
		default:
			out.WriteString("false\n")
		}
	})
}

func cmdDecide(args []string) {
	fs := flag.NewFlagSet("decide", flag.ExitOnError)
	rulesFile := fs.String("rules", "", "JSON array of immutable-tag rules (wire format)")
	_ = fs.Parse(args)
	var fileRules []Rule
	haveFileRules := *rulesFile != ""
	if haveFileRules {
		fileRules = readRules(*rulesFile)
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	eachLine(os.Stdin, func(lineNo int, line []byte) {
		var c Candidate
		if err := json.Unmarshal(line, &c); err != nil {
			out.Flush()
			die("line %d: not a candidate: %v", lineNo, err)
		}
		rules := fileRules
		if len(c.Rules) > 0 {
			var own []Rule
			if err := json.Unmarshal(c.Rules, &own); err != nil {
				out.Flush()
				die("line %d: \"rules\" is not a JSON array of rules: %v", lineNo, err)
			}
			rules = sortRules(own)
		} else if !haveFileRules {
			out.Flush()
			die("line %d: no --rules and no \"rules\" on the line", lineNo)
		}
		if err := enc.Encode(decide(rules, c.Repository, c.Tags)); err != nil {
			die("writing output: %v", err)
		}
	})
}

func cmdBenchDecide(args []string) {
	fs := flag.NewFlagSet("bench-decide", flag.ExitOnError)
	rulesFile := fs.String("rules", "", "JSON array of immutable-tag rules (wire format)")
	candFile := fs.String("candidates", "", "JSON lines {\"repository\": ..., \"tags\": [...]}")
	runs := fs.Int("runs", 1, "timed passes; the fastest is reported (as Taglock's benchmark reports its own)")
	_ = fs.Parse(args)
	if *rulesFile == "" || *candFile == "" {
		die("bench-decide needs --rules FILE and --candidates FILE")
	}
	rules := readRules(*rulesFile)
	f, err := os.Open(*candFile)
	if err != nil {
		die("%v", err)
	}
	var cands []Candidate
	eachLine(f, func(lineNo int, line []byte) {
		var c Candidate
		if err := json.Unmarshal(line, &c); err != nil {
			die("%s line %d: not a candidate: %v", *candFile, lineNo, err)
		}
		cands = append(cands, c)
	})
	f.Close()

	// Only the decision loop is timed. Like the server, every candidate is judged from scratch:
	// every rule, every selector, every doublestar.Match call, no caching.
	immutable := 0
	seconds := 0.0
	for run := 0; run < *runs; run++ {
		start := time.Now()
		immutable = 0
		for i := range cands {
			if decide(rules, cands[i].Repository, cands[i].Tags).Immutable {
				immutable++
			}
		}
		if elapsed := time.Since(start).Seconds(); run == 0 || elapsed < seconds {
			seconds = elapsed
		}
	}

	line, _ := json.Marshal(struct {
		Candidates int     `json:"candidates"`
		Immutable  int     `json:"immutable"`
		Seconds    float64 `json:"seconds"`
	}{len(cands), immutable, seconds})
	os.Stdout.Write(append(line, '\n'))
}

// cmdSortSlice answers with the order sort.Slice (not stable) leaves equal keys in.
func cmdSortSlice(args []string) {
	fs := flag.NewFlagSet("sort-slice", flag.ExitOnError)
	_ = fs.Parse(args)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	type item struct {
		position int
		key      int64
	}
	eachLine(os.Stdin, func(lineNo int, line []byte) {
		var in struct {
			Keys []int64 `json:"keys"`
		}
		if err := json.Unmarshal(line, &in); err != nil {
			out.Flush()
			die("line %d: want {\"keys\": [integers]}: %v", lineNo, err)
		}
		items := make([]item, len(in.Keys))
		for i, k := range in.Keys {
			items[i] = item{position: i, key: k}
		}
		sort.Slice(items, func(i, j int) bool { return items[i].key > items[j].key })
		positions := make([]int, len(items))
		for i, it := range items {
			positions[i] = it.position
		}
		encoded, _ := json.Marshal(positions)
		out.Write(append(encoded, '\n'))
	})
}

func main() {
	if len(os.Args) < 2 {
		die("usage: harbor-oracle match | decide [--rules FILE] | bench-decide --rules FILE --candidates FILE | sort-slice")
	}
	switch os.Args[1] {
	case "match":
		cmdMatch(os.Args[2:])
	case "decide":
		cmdDecide(os.Args[2:])
	case "bench-decide":
		cmdBenchDecide(os.Args[2:])
	case "sort-slice":
		cmdSortSlice(os.Args[2:])
	default:
		die("unknown subcommand %q", os.Args[1])
	}
}
