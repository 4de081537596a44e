// Kubernetes' $(VAR) references (k8s.io/kubernetes third_party/forked/golang/expansion): `$(NAME)`
// becomes NAME's value when NAME is defined and stays as written when it is not; `$$` is an escaped
// `$`; an unclosed `$(` and a `$` before anything else are kept as they are.
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch !== '$' || i + 1 >= input.length) {
      out += ch;
      i++;
      continue;
    }
    const next = input[i + 1]!;
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) return out + input.slice(i);
      const name = input.slice(i + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close + 1;
    } else {
      out += `$${next}`;
      i += 2;
    }
  }
  return out;
}
