import type { RefObject } from 'react';
import type { EngineClient } from '../engine/api/engine-client.js';
import { LogView } from './log-view.js';
import type { ScrollTop } from './scroll.js';

export interface BuildLogProps {
  client: EngineClient;
  buildId: number;
  title: string;
  /** The snapshot still shows the build running (its log may not exist yet). */
  running: boolean;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
}

/** A build's log; follows while the build runs. */
export function BuildLog({ client, buildId, ...rest }: BuildLogProps) {
  return <LogView source={`build/${buildId}`} fetch={(offset, limit) => client.buildLog(buildId, offset, limit)} {...rest} />;
}
