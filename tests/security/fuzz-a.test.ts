import { describe } from 'vitest';
import { fuzzRoutes } from './fuzz-support.ts';

// Half of the API routes (even positions); fuzz-b.test.ts takes the other half, in parallel.
await describe('fuzzing the API from its zod schemas', async () => fuzzRoutes(0));
