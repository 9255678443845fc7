/** Server-rendered pages in DLRN's style: readable without JavaScript, every value escaped, status by word and colour. */

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A tagged template whose interpolations are escaped unless they are already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += Array.isArray(v) ? v.map(part).join('') : part(v);
    out += strings[i + 1]!;
  });
  return new Html(out);
}

function part(v: unknown): string {
  return v instanceof Html ? v.text : escapeHtml(v);
}

const STYLE = `
body { font-family: sans-serif; margin: 1.5em; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.4em; color: #004153; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #c8c8c8; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #004153; color: #fff; }
tr:nth-child(even) td { background: #f4f6f7; }
code { font-family: monospace; }
.status { font-weight: bold; white-space: nowrap; }
.status-success { color: #1e7b1e; }
.status-failure { color: #b00020; }
.status-running { color: #8a5a00; }
.status-other { color: #555; }
nav { margin: 0.8em 0; }
p.empty { font-style: italic; }
`;

/** A whole page with the shared stylesheet inline (so a saved page stays styled). */
export function page(title: string, body: Html): string {
  return `<!DOCTYPE html>\n${
    html`<html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        <h1>${title}</h1>
        ${body}
      </body>
    </html>`.text
  }\n`;
}

/** A status as a word with a symbol, coloured by class (never colour alone). */
export function status(word: string): Html {
  const kind = /^(SUCCESS|passed)$/i.test(word)
    ? ['success', '✔']
    : /^(FAILED|failed|failure)$/i.test(word)
      ? ['failure', '✘']
      : /^(BUILDING|QUEUED|RETRY|in progress)$/i.test(word)
        ? ['running', '…']
        : ['other', '·'];
  return html`<span class="status status-${kind[0]}">${kind[1]} ${word}</span>`;
}

export function utc(ms: number | null | undefined): string {
  return ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '';
}

export function table(headers: string[], rows: Html[][], empty: string): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<table>
    <thead>
      <tr>
        ${headers.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            ${r.map((c) => html`<td>${c}</td>`)}
          </tr> `,
      )}
    </tbody>
  </table>`;
}
