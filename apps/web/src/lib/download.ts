/** Offers `text` as a file download (CSV tables, SVG charts). */
export function download(filename: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Serialises the SVG charts inside `root` as one standalone SVG document. */
export function svgOf(root: Element): string | null {
  const svg = root.querySelector("svg");
  if (svg === null) return null;
  const copy = svg.cloneNode(true);
  if (!(copy instanceof SVGSVGElement)) return null;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}
