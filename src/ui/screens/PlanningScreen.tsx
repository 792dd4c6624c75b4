import { Text } from 'ink';
import type { StepId } from '../../engine/types.js';
import { Spinner } from '../components/Spinner.js';

export function PlanningScreen({ queue }: { readonly queue: readonly StepId[] }) {
  return (
    <Text>
      <Spinner /> planning {queue.join(', ')} on the server…
    </Text>
  );
}
