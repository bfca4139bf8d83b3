/** Saving text the page made as a file download: a Blob URL behind a temporary `<a download>`. */

/** Offers `text` for download as `name` (type `type`). */
export function saveFile(name: string, text: string, type = 'text/html;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; give slow machines a minute anyway.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
