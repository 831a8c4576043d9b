/**
 * XML text and attribute escaping. Every text that goes into CAP or Atom passes through here: rule
 * names, sensor names and officers' comments are free text.
 */

// Characters XML 1.0 cannot carry at all, even escaped (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/F).
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `<name>text</name>`, escaped; nothing when the value is absent. */
export function element(name: string, value: string | null | undefined, indent = ''): string {
  if (value === null || value === undefined) return '';
  return `${indent}<${name}>${escapeXml(value)}</${name}>\n`;
}
