import type { Key } from 'ink';

/** Applies one key to a one-line text input; null when the key is not an edit. */
export function editLine(value: string, input: string, key: Key): string | null {
  if (key.backspace || key.delete) return value.slice(0, -1);
  if (key.ctrl && input === 'u') return '';
  if (
    key.ctrl ||
    key.meta ||
    key.return ||
    key.escape ||
    key.tab ||
    key.upArrow ||
    key.downArrow ||
    key.leftArrow ||
    key.rightArrow ||
    key.pageUp ||
    key.pageDown
  )
    return null;
  const text = input.replace(/[\x00-\x1f\x7f]/g, '');
  return text ? value + text : null;
}
