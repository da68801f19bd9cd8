// A worker for the workerClient tests that holds requests until it has three and answers them
// last first, speaking workerClient's messages by hand: the order answers come in is the worker's.
import { parentPort } from 'node:worker_threads';

const held: { id: number; input: number }[] = [];
parentPort!.on('message', (request: { id: number; input: number }) => {
  held.push(request);
  if (held.length < 3) return;
  for (const { id, input } of held.splice(0).reverse()) parentPort!.postMessage({ id, result: input * 10 });
});
