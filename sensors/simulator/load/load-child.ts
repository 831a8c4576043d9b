import { closeLoadClients, connectLoadClients, publishLoad, type LoadWorkerOptions } from './load-worker.ts';

/**
 * A load-generating child process (forked by runLoad with --processes > 1). Protocol over IPC:
 * parent → {options}; child → {ready}; parent → {go}; child → {result}.
 */
type ParentMessage = { readonly type: 'options'; readonly options: LoadWorkerOptions } | { readonly type: 'go' };

let options: LoadWorkerOptions | null = null;
let clients: Awaited<ReturnType<typeof connectLoadClients>> | null = null;

const send = (message: unknown): void => {
  process.send?.(message);
};

process.on('message', (message: ParentMessage) => {
  if (message.type === 'options') {
    options = message.options;
    connectLoadClients(options).then(
      (connected) => {
        clients = connected;
        send({ type: 'ready' });
      },
      (error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (options !== null && clients !== null) {
    const ready = clients;
    publishLoad(options, ready)
      .then(async (result) => {
        await closeLoadClients(ready);
        send({ type: 'result', result });
      })
      .catch((error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
  }
});
