import { useState } from "react";

/**
 * A number input that keeps what is typed (an emptied field stays empty while it has the focus) and
 * writes each parseable value to the URL; the estimate clamps, the field does not. On blur it shows
 * the URL's value again.
 */
export function NumberField(props: {
  readonly name: string;
  readonly label: string;
  readonly step: string;
  readonly min?: number;
  /** The URL's text for the field, or its default. */
  readonly shown: string;
  readonly set: (patch: Readonly<Record<string, string>>) => void;
}) {
  const { name, label, step, shown, set, min = 0 } = props;
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <label>
      {label}
      <input
        type="number"
        name={name}
        className="short"
        min={min}
        step={step}
        value={typed ?? shown}
        onChange={(e) => {
          setTyped(e.target.value);
          if (e.target.value !== "" && Number.isFinite(Number(e.target.value)))
            set({ [name]: e.target.value });
        }}
        onBlur={() => setTyped(null)}
      />
    </label>
  );
}
