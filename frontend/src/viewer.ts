import { createContext, useContext } from 'react';
import type { ViewerFieldsFragment } from './gql/graphql';

export type Viewer = ViewerFieldsFragment;

export const ViewerContext = createContext<Viewer | null>(null);

/** The signed-in viewer; only inside the app shell. */
export function useViewer(): Viewer {
  const v = useContext(ViewerContext);
  if (!v) throw new Error('useViewer outside the app shell');
  return v;
}
