import type { UsageFacetsView } from '../../api/types.js';
import { Icon } from '../../components/Icon.js';
import { MultiSelect } from '../../components/MultiSelect.js';
import {
  clearFilters, FILTER_DIMENSIONS, hasFilters, removeFilter, setFilter, type FilterDimension, type UsageViewState,
} from './usage-view-state.js';

export const DIMENSION_LABEL: Record<FilterDimension, { one: string; many: string }> = {
  tag: { one: 'Tag', many: 'Tags' },
  provider: { one: 'Provider', many: 'Providers' },
  model: { one: 'Model', many: 'Models' },
  client: { one: 'Client', many: 'Clients' },
};

const FACET_OF: Record<FilterDimension, keyof UsageFacetsView> = {
  tag: 'tags', provider: 'providers', model: 'models', client: 'clients',
};

/** Pickers fed by /api/usage/facets, and the active filters as removable chips. */
export function UsageFilterBar({ state, facets, onChange }: {
  state: UsageViewState;
  facets: UsageFacetsView | undefined;
  onChange: (state: UsageViewState) => void;
}) {
  return (
    <div className="filter-bar">
      <div className="filter-pickers">
        <Icon name="filter" className="muted" />
        {FILTER_DIMENSIONS.map((dimension) => (
          <MultiSelect
            key={dimension}
            label={DIMENSION_LABEL[dimension].many}
            options={facets?.[FACET_OF[dimension]] ?? []}
            selected={state[dimension]}
            onChange={(values) => onChange(setFilter(state, dimension, values))}
            testId={`filter-${dimension}`}
          />
        ))}
      </div>
      {hasFilters(state) ? (
        <ul className="chips" aria-label="Active filters" data-testid="filter-chips">
          {FILTER_DIMENSIONS.flatMap((dimension) => state[dimension].map((value) => (
            <li key={`${dimension}\0${value}`} className="chip">
              <span className="chip-dimension">{DIMENSION_LABEL[dimension].one}</span>
              <span className="chip-value">{value === '' ? '(unknown)' : value}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove filter ${DIMENSION_LABEL[dimension].one} ${value}`}
                onClick={() => onChange(removeFilter(state, dimension, value))}
              >
                <Icon name="close" size={12} />
              </button>
            </li>
          )))}
          <li>
            <button type="button" className="link-button" onClick={() => onChange(clearFilters(state))}>Clear all</button>
          </li>
        </ul>
      ) : null}
    </div>
  );
}
