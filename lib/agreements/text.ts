// Agreement text as people read it: plain paragraphs separated by blank lines (no markup, so an operator's text
// can never inject a link or a script into the public pages).
export const paragraphsOf = (body: string) =>
  body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
