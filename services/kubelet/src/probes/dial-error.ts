/**
 * A failed TCP connection as Go's net.Dial reports it — what upstream's probe failures show
 * (`dial tcp 127.128.1.2:8080: connect: connection refused`).
 */
export function dialError(err: Error, address: string, host: string): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ECONNREFUSED':
      return `dial tcp ${address}: connect: connection refused`;
    case 'EHOSTUNREACH':
      return `dial tcp ${address}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${address}: connect: network is unreachable`;
    case 'EADDRNOTAVAIL':
      return `dial tcp ${address}: connect: cannot assign requested address`;
    case 'ETIMEDOUT':
      return `dial tcp ${address}: i/o timeout`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${host}: no such host`;
    case 'ECONNRESET':
      return `read tcp ${address}: read: connection reset by peer`;
    default:
      return `dial tcp ${address}: ${err.message}`;
  }
}
