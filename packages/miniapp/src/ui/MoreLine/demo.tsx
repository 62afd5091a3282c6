import { MoreLine } from './index';

/** The line under a list: more to load, loading, failed, complete. */
export function Demo() {
  return (
    <>
      <MoreLine more="idle" next="c2" />
      <MoreLine more="loading" next="c2" />
      <MoreLine more="error" next="c2" />
      <MoreLine more="idle" next={null} />
    </>
  );
}
