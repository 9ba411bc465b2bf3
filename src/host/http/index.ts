export { startHost, HOST_ADDRESS, type Host, type HostOptions, type HostStats } from './start-host.ts';
export { ERROR_STATUS, statusOf } from './error-status.ts';
export { CONTENT_SECURITY_POLICY } from './security-headers.ts';
