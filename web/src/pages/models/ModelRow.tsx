import { memo } from 'react';
import type { ModelView } from '../../api/types.js';
import { Badge, type BadgeTone } from '../../components/Badge.js';
import { Button } from '../../components/Button.js';
import { Toggle } from '../../components/Toggle.js';
import { capabilityLabel } from '../../lib/capabilities.js';
import { formatCompact, formatInteger, formatPrice } from '../../lib/format.js';

const SOURCE_TONE: Record<ModelView['source'], BadgeTone> = { system: 'neutral', discovered: 'info', custom: 'accent' };

export type ModelRowActions = {
  onToggle: (model: ModelView, enabled: boolean) => void;
  onOverride: (model: ModelView) => void;
  onEdit: (model: ModelView) => void;
  onDelete: (model: ModelView) => void;
};

/** Input and output price on one line, cached input below: three price columns would not fit at 1280 px. */
function PriceCell({ price }: { price: ModelView['values']['price'] }) {
  if (price === null) return <td className="num muted" title="No price known">—</td>;
  const title = `Per million tokens: input ${formatPrice(price.input)}, output ${formatPrice(price.output)}`
    + (price.cachedInput === undefined ? '' : `, cached input ${formatPrice(price.cachedInput)}`);
  return (
    <td className="num" title={title}>
      <div>
        <span data-testid="price-input">{formatPrice(price.input)}</span>
        <span className="price-sep"> / </span>
        <span data-testid="price-output">{formatPrice(price.output)}</span>
      </div>
      {price.cachedInput !== undefined ? (
        <div className="cell-sub">cached <span data-testid="price-cached">{formatPrice(price.cachedInput)}</span></div>
      ) : null}
    </td>
  );
}

/**
 * One model. Memoised with stable callbacks: with a thousand rows, typing in the search box or flipping one
 * switch re-renders only the rows whose model changed.
 */
export const ModelRow = memo(function ModelRow({ model, actions }: { model: ModelView; actions: ModelRowActions }) {
  const { values } = model;
  const overridden = model.override !== null;
  return (
    <tr className={model.enabled ? undefined : 'row-muted'}>
      <td>
        <div className="cell-title mono model-name">{model.name}</div>
        <div className="cell-sub model-sub">
          {values.displayName !== model.id && values.displayName !== model.name ? `${values.displayName} · ` : ''}
          {model.kind === 'embedding' ? 'Embedding' : 'Chat'}
          {model.aliases.length > 0 ? ` · aliases: ${model.aliases.join(', ')}` : ''}
        </div>
      </td>
      <td>
        <div className="mono">{model.provider}</div>
        <div className="model-badges">
          <Badge tone={SOURCE_TONE[model.source]}>{model.source}</Badge>
          {overridden ? <Badge tone="warning" title="Some values are overridden">overridden</Badge> : null}
        </div>
      </td>
      <td className="num" title={`${formatInteger(values.contextLength)} tokens`}>{formatCompact(values.contextLength)}</td>
      <td>
        <div className="caps caps-compact">
          {values.capabilities.map((capability) => <span key={capability} className="cap">{capabilityLabel(capability)}</span>)}
        </div>
      </td>
      <PriceCell price={values.price} />
      <td>
        <div className="status-cell">
          <Toggle checked={model.enabled} label={`${model.name} enabled`} onChange={(enabled) => actions.onToggle(model, enabled)} />
          {!model.providerActive ? <span className="cell-sub" title="Its provider is not active, so it is not served">not served</span> : null}
        </div>
      </td>
      <td className="actions">
        {model.source === 'custom' ? (
          <>
            <Button size="sm" variant="ghost" icon="edit" onClick={() => actions.onEdit(model)} aria-label={`Edit ${model.name}`} title={`Edit ${model.name}`} />
            <Button size="sm" variant="ghost" icon="trash" onClick={() => actions.onDelete(model)} aria-label={`Delete ${model.name}`} title={`Delete ${model.name}`} />
          </>
        ) : (
          <Button size="sm" variant="ghost" onClick={() => actions.onOverride(model)} aria-label={`Override ${model.name}`} data-testid="override-button">
            Override
          </Button>
        )}
      </td>
    </tr>
  );
});
