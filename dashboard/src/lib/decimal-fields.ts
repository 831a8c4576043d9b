/**
 * Numbers typed into a set of fields (hourly rates, machine capabilities): blank fields are left out,
 * a decimal comma is read as a point, anything else goes to the server as typed (NaN included), so its
 * validation names the field.
 */
export function decimalFields<K extends string>(texts: Readonly<Record<string, string>>, keys: readonly K[]): Partial<Record<K, number>> {
  const result: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const raw = (texts[key] ?? '').trim().replace(',', '.');
    if (raw !== '') result[key] = Number(raw);
  }
  return result;
}
