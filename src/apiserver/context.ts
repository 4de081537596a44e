// What every resource handler receives.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ResourceType } from '../api/schema/types.ts';
import type { SchemaRegistry } from '../api/schema/registry.ts';
import type { ObjectStore } from './objects/store.ts';
import type { ResourceRequest } from './request-info.ts';
import type { TokenAuthenticators } from './authn/tokens.ts';
import type { ServiceAccountKey } from './pki/service-account-key.ts';
import type { ServiceAllocations } from './services/strategy.ts';
import type { AdmissionSettings } from './admission.ts';
import type { KubeletConnector } from './kubelet/connection.ts';

export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
}

export interface ServerDeps {
  store: ObjectStore;
  registry: SchemaRegistry;
  now: () => Date;
  /** Bearer-token authenticators, for TokenReview. */
  tokens: TokenAuthenticators;
  /** Cluster IPs and node ports of Services. */
  services: ServiceAllocations;
  /** Signs service-account tokens (serviceaccounts/NAME/token). */
  serviceAccountKey?: ServiceAccountKey;
  /** Settings of the mutating admission plugins. */
  admission: AdmissionSettings;
  /** Reaches node agents for pods/log and pods/exec; absent without a kubelet-client certificate. */
  kubelets?: KubeletConnector;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  info: ResourceRequest;
  rt: ResourceType;
  user: UserInfo;
  deps: ServerDeps;
  /** Warning headers to add to the response (fieldValidation=Warn). */
  warnings: string[];
  /** The connection of an upgrade request (pods/exec): the handler may take it over. */
  upgrade?: { socket: Duplex; head: Buffer };
}

export function query(ctx: RequestContext, name: string): string | undefined {
  return ctx.url.searchParams.get(name) ?? undefined;
}

/** A boolean query flag as upstream reads it (strconv.ParseBool): the Python client sends `watch=True`. */
export function queryFlag(params: URLSearchParams, name: string): boolean {
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(params.get(name) ?? '');
}

export function isService(rt: { group: string; kind: string }): boolean {
  return rt.group === '' && rt.kind === 'Service';
}

export function isDryRun(ctx: RequestContext): boolean {
  const values = ctx.url.searchParams.getAll('dryRun');
  return values.includes('All');
}
