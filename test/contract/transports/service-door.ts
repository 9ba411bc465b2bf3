import { AssayService } from '../../../src/api/service.ts';
import { toErrorData } from '../../../src/api/errors.ts';
import { TransportError, type Door } from '../transport.ts';

/** (a) The service in-process: the reference every other door must agree with. */
export const serviceDoor: Door = {
  name: 'service',
  async open(casePath, caller) {
    const service = new AssayService(casePath);
    return {
      async call(method, args) {
        try {
          return await service.call(method, args, caller);
        } catch (e) {
          throw new TransportError(toErrorData(e));
        }
      },
      close: () => service.close(),
    };
  },
};
