import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ModelView } from '../api/types.js';
import { matchesSearch, modelKey, modelSearchText } from '../lib/model-search.js';
import type { FieldControlProps } from './Field.js';

const MAX_OPTIONS = 60;

type Option = { key: string; model: ModelView | null };

/**
 * A searchable select over /api/models (an ARIA combobox): type to filter by name, provider or alias, arrows to
 * move, Enter to pick, Escape to go back to the current choice. With noneLabel, a first option picks nothing.
 */
export function ModelPicker({ models, value, onChange, noneLabel, placeholder = 'Search models…', control, testId }: {
  models: readonly ModelView[];
  /** `provider/id`, or null. */
  value: string | null;
  onChange: (model: ModelView | null) => void;
  noneLabel?: string;
  placeholder?: string;
  control: FieldControlProps;
  testId?: string;
}) {
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);

  const indexed = useMemo(() => models.map((model) => ({ model, text: modelSearchText(model) })), [models]);
  const selected = useMemo(
    () => (value === null ? null : models.find((model) => modelKey(model) === value || model.name === value) ?? null),
    [models, value],
  );
  const display = selected ? `${selected.name} · ${selected.provider}` : value ?? (noneLabel ?? '');

  const options = useMemo<Option[]>(() => {
    const matches: Option[] = [];
    for (const { model, text } of indexed) {
      if (!matchesSearch(text, query)) continue;
      matches.push({ key: modelKey(model), model });
      if (matches.length >= MAX_OPTIONS) break;
    }
    return noneLabel !== undefined && query === '' ? [{ key: '', model: null }, ...matches] : matches;
  }, [indexed, query, noneLabel]);

  const choose = (option: Option | undefined) => {
    if (!option) return;
    onChange(option.model);
    setOpen(false);
    setQuery('');
  };

  const openList = () => {
    setOpen(true);
    setQuery('');
    setActive(Math.max(0, options.findIndex((option) => option.key === (selected ? modelKey(selected) : ''))));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) openList();
        else setActive((index) => Math.min(options.length - 1, index + 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive((index) => Math.max(0, index - 1));
        break;
      case 'Enter':
        if (open) {
          event.preventDefault(); // pick, do not submit the form
          choose(options[active]);
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          event.stopPropagation(); // close the list, not the dialog
          setOpen(false);
          setQuery('');
        }
        break;
      default:
        break;
    }
  };

  const activeOption = open ? options[active] : undefined;
  const optionId = (index: number) => `${listId}-option-${index}`;

  return (
    <div className="combobox" data-testid={testId}>
      <input
        {...control}
        ref={inputRef}
        type="text"
        role="combobox"
        className="input"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeOption ? optionId(active) : undefined}
        placeholder={placeholder}
        value={open ? query : display}
        onFocus={openList}
        onClick={() => { if (!open) openList(); }}
        onBlur={() => { setOpen(false); setQuery(''); }}
        onChange={(event) => { setQuery(event.target.value); setActive(0); setOpen(true); }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" className="combobox-list" hidden={!open} aria-label="Models">
        {open && options.length === 0 ? <li className="combobox-empty">No model matches “{query}”</li> : null}
        {open
          ? options.map((option, index) => (
            <li
              key={option.key || '(none)'}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'combobox-option active' : 'combobox-option'}
              // Keep focus in the input so blur does not close the list before the click lands.
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(option)}
            >
              {option.model ? (
                <>
                  <span className="combobox-option-name">{option.model.name}</span>
                  <span className="combobox-option-meta">
                    {option.model.provider}
                    {!option.model.enabled ? ' · disabled' : ''}
                    {!option.model.providerActive ? ' · provider inactive' : ''}
                  </span>
                </>
              ) : (
                <span className="combobox-option-name">{noneLabel}</span>
              )}
            </li>
          ))
          : null}
        {open && options.length >= MAX_OPTIONS ? <li className="combobox-empty">Type to narrow the list…</li> : null}
      </ul>
    </div>
  );
}
