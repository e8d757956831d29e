// Just enough XML checking for a JUnit report: one declaration first, then elements that nest
// and close properly, quoted attributes, escaped text. Returns the problem, or null.
export function xmlProblem(text: string): string | null {
  let rest = text.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (rest === text) return 'no XML declaration at the very start';
  const open: string[] = [];
  let roots = 0;
  const NAME = '[A-Za-z_][\\w.-]*';
  const ATTRS = `(?:\\s+${NAME}="[^"<]*")*`;
  for (;;) {
    const lead = /^[^<]*/.exec(rest)![0];
    if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(lead)) return `unescaped & in "${lead.slice(0, 40)}"`;
    if (open.length === 0 && lead.trim() !== '') return `text outside the root element: "${lead.trim().slice(0, 40)}"`;
    rest = rest.slice(lead.length);
    if (rest === '') break;
    const tag = new RegExp(`^<(/?)(${NAME})(${ATTRS})\\s*(/?)>`).exec(rest);
    if (!tag) return `malformed markup at "${rest.slice(0, 40)}"`;
    const [whole, closing, name, , selfClosing] = tag;
    if (closing) {
      if (open.pop() !== name) return `</${name}> closes nothing open`;
    } else {
      if (open.length === 0 && ++roots > 1) return 'more than one root element';
      if (!selfClosing) open.push(name!);
    }
    rest = rest.slice(whole.length);
  }
  if (open.length) return `<${open.at(-1)}> is never closed`;
  return roots === 1 ? null : 'no root element';
}
