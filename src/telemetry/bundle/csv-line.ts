/** Splits one CSV line into fields, honouring RFC 4180 quotes when the line has any. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') fields.push(field), (field = '');
    else field += char;
  }
  if (quoted) throw new Error('unterminated quoted field');
  fields.push(field);
  return fields;
}
