/**
 * A number box that applies its value on Enter or when it loses focus, never per keystroke (a
 * seed typed digit by digit must not restart training at every digit). Empty or invalid text
 * goes back to the current value; Escape cancels the edit.
 */
import { useEffect, useState, type InputHTMLAttributes } from 'react';

export interface CommitNumberProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> {
  value: number;
  /** Called with the parsed number; return nothing. Values outside [min, max] are clamped first. */
  onCommit(value: number): void;
  integer?: boolean;
}

export function CommitNumber({ value, onCommit, integer = false, min, max, ...rest }: CommitNumberProps) {
  const [text, setText] = useState(String(value));
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(String(value));
  }, [value, editing]);
  const commit = (): void => {
    setEditing(false);
    const x = Number(text);
    if (text.trim() === '' || !Number.isFinite(x)) {
      setText(String(value));
      return;
    }
    let v = integer ? Math.round(x) : x;
    if (min !== undefined) v = Math.max(Number(min), v);
    if (max !== undefined) v = Math.min(Number(max), v);
    setText(String(v));
    if (v !== value) onCommit(v);
  };
  return (
    <input
      {...rest}
      type="number"
      min={min}
      max={max}
      value={text}
      onChange={(e) => {
        setEditing(true);
        setText(e.target.value);
      }}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') {
          setEditing(false);
          setText(String(value));
        }
      }}
    />
  );
}
