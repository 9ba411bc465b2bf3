import { useEffect, useState } from 'react';
import type { MethodArgs, MethodName, MethodResult } from '../../src/api/contract.ts';
import { call, messageOf } from '../api/client.ts';

export type CallState<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'done'; value: T };

/** Calls a read method when `key` changes; the latest call wins. */
export function useCall<M extends MethodName>(method: M, args: MethodArgs<M> | null, key: string): CallState<MethodResult<M>> {
  const [state, setState] = useState<CallState<MethodResult<M>>>({ status: 'loading' });
  useEffect(() => {
    if (args === null) return;
    let live = true;
    setState({ status: 'loading' });
    call(method, args).then(
      (value) => live && setState({ status: 'done', value }),
      (e: unknown) => live && setState({ status: 'error', message: messageOf(e) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [method, key]);
  return state;
}
