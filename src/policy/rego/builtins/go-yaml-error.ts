import { YAMLError } from 'yaml';

/**
 * A YAML syntax error in go-yaml's words. OPA's yaml.unmarshal reads YAML with go-yaml (through
 * sigs.k8s.io/yaml's YAMLToJSON, topdown/encoding.go), whose errors read `yaml: line N: <libyaml
 * message>`; we parse with the `yaml` package and name its error classes as libyaml's scanner and
 * parser do (https://github.com/go-yaml/yaml/blob/v2/parserc.go and scannerc.go). An error class
 * libyaml has no name for keeps the `yaml` package's text.
 */
const LIBYAML: [code: string, text: RegExp, message: string][] = [
  ['MISSING_CHAR', /^Flow sequence/, "did not find expected ',' or ']'"],
  ['BAD_INDENT', /^Flow sequence/, "did not find expected ',' or ']'"],
  ['MISSING_CHAR', /^Flow map/, "did not find expected ',' or '}'"],
  ['BAD_INDENT', /^Flow map/, "did not find expected ',' or '}'"],
  ['MISSING_CHAR', /^Missing closing/, 'found unexpected end of stream'],
  ['BLOCK_AS_IMPLICIT_KEY', /./, 'mapping values are not allowed in this context'],
  ['BAD_INDENT', /^All mapping items/, 'did not find expected key'],
  ['UNEXPECTED_TOKEN', /./, 'did not find expected key'],
  ['TAB_AS_INDENT', /./, 'found character that cannot start any token'],
];

export const goYamlMessage = (e: unknown): string => {
  if (!(e instanceof YAMLError)) return `yaml: ${e instanceof Error ? e.message : String(e)}`;
  const text = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const line = e.linePos?.[0].line;
  const known = LIBYAML.find(([code, re]) => code === e.code && re.test(text));
  const message = known ? known[2] : text;
  return line === undefined ? `yaml: ${message}` : `yaml: line ${line}: ${message}`;
};
