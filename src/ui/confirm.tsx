import { Text } from 'ink';
import { useTheme } from './theme.js';

/** The question before a dangerous command (the shell takes the answer: `y` goes ahead, anything else cancels). */
export function Confirm({ question }: { question: string }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate" {...theme.tone('warn')}>
      {`⚠ ${question} [y/N]`}
    </Text>
  );
}
