import { render, Text } from 'ink';

// The baseline for the first-frame benchmark: the smallest Ink program.
const app = render(<Text>hello</Text>);
app.unmount();
