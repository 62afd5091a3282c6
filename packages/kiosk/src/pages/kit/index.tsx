import { Frame } from '../../ui';
import { DEMOS } from './demos';
import './index.css';

/**
 * The kiosk UI kit's gallery (issue 12): each component of ui/ in its main states, from the `demo.tsx` in its folder,
 * inside the Frame every screen has. For developers and the browser suite, reached by URL only. Unlike an elder's
 * screen it may scroll: it shows everything at once, not one task.
 */
export default function KitGallery() {
  return (
    <div className="kit-gallery" data-testid="kit-page">
      <Frame title="组件示例" speech="组件示例" idle={false}>
        {DEMOS.map(([name, Demo]) => (
          <section key={name} className="kit-section" data-testid={`kit-${name}`} aria-labelledby={`kit-${name}-title`}>
            <h2 id={`kit-${name}-title`} className="kit-section__name">
              {name}
            </h2>
            <div className="kit-section__demo">
              <Demo />
            </div>
          </section>
        ))}
      </Frame>
    </div>
  );
}
