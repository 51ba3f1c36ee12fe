/** One choice of a {@link ParamSelect}: a value shown as itself, or a value with its own label. */
export type ParamOption = string | number | { readonly value: string; readonly label: string };

/**
 * A labelled select whose choice is the URL parameter `name`: it shows `value` and writes the chosen
 * option's value under `name`. `blank` adds a first option with the empty value (the parameter's
 * default: "all", "default", "off").
 */
export function ParamSelect(props: {
  readonly name: string;
  readonly label: string;
  readonly value: string | number;
  readonly options: readonly ParamOption[];
  readonly set: (patch: Readonly<Record<string, string>>) => void;
  readonly blank?: string;
  readonly title?: string;
  readonly disabled?: boolean;
}) {
  const { name, label, value, options, set, blank, title, disabled } = props;
  return (
    <label {...(title === undefined ? {} : { title })}>
      {label}
      <select
        name={name}
        value={value}
        disabled={disabled === true}
        onChange={(e) => set({ [name]: e.target.value })}
      >
        {blank !== undefined && <option value="">{blank}</option>}
        {options.map((o) => {
          const { value: v, label: text } =
            typeof o === "object" ? o : { value: String(o), label: String(o) };
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}
