/** A figure card: label, value, and an optional line under it (a band, a unit, a note). */
export function Card(props: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly band?: string;
  readonly bad?: boolean;
}) {
  return (
    <div className={`card${props.bad === true ? " bad" : ""}`} data-card={props.id}>
      <div className="label">{props.label}</div>
      <div className="value">{props.value}</div>
      {props.band !== undefined && <div className="band">{props.band}</div>}
    </div>
  );
}
