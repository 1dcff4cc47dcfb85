package fakecloud

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Status is a gRPC error a GRPC handler returns; Code is a gRPC status code
// (5 NotFound, 6 AlreadyExists, 12 Unimplemented, ...).
type Status struct {
	Code    int
	Message string
}

func (s *Status) Error() string { return fmt.Sprintf("grpc status %d: %s", s.Code, s.Message) }

// GRPC answers one unary gRPC call over the fake cloud's HTTP/2: it decodes
// the request message, asks handle for the reply and writes it, or writes
// the error as a gRPC status. method is the full method name, e.g.
// "/google.cloud.kms.v1.KeyManagementService/Encrypt".
func GRPC(w http.ResponseWriter, r *http.Request, handle func(method string, req Message) (*Builder, error)) {
	w.Header().Set("Content-Type", "application/grpc")
	w.Header().Set("Trailer", "Grpc-Status, Grpc-Message")
	reply, err := func() (*Builder, error) {
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		if len(raw) < 5 || raw[0] != 0 || int(binary.BigEndian.Uint32(raw[1:5])) != len(raw)-5 {
			return nil, &Status{Code: 13, Message: "fake cloud: want one uncompressed gRPC message"}
		}
		req, err := Decode(raw[5:])
		if err != nil {
			return nil, err
		}
		return handle(r.URL.Path, req)
	}()
	if err != nil {
		st := &Status{}
		if !errors.As(err, &st) {
			st = &Status{Code: 13, Message: err.Error()}
		}
		w.WriteHeader(http.StatusOK)
		w.Header().Set("Grpc-Status", strconv.Itoa(st.Code))
		w.Header().Set("Grpc-Message", st.Message)
		return
	}
	msg := reply.Bytes()
	frame := make([]byte, 5, 5+len(msg))
	binary.BigEndian.PutUint32(frame[1:], uint32(len(msg)))
	w.WriteHeader(http.StatusOK)
	w.Write(append(frame, msg...))
	w.Header().Set("Grpc-Status", "0")
	w.Header().Set("Grpc-Message", "")
}

// Message is a decoded protobuf message: the values of each field number,
// in wire order. Only the varint and length-delimited wire types occur in
// the APIs faked here (fixed-width ones are decoded into Varint too).
type Message map[int][]Value

// Value is one field occurrence: Varint for numeric wire types, Bytes for
// length-delimited ones (strings, bytes, nested messages).
type Value struct {
	Varint uint64
	Bytes  []byte
}

// Decode parses protobuf wire format.
func Decode(b []byte) (Message, error) {
	m := Message{}
	for len(b) > 0 {
		tag, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, errors.New("fakecloud: bad protobuf tag")
		}
		b = b[n:]
		field, wire := int(tag>>3), tag&7
		var v Value
		switch wire {
		case 0:
			x, n := binary.Uvarint(b)
			if n <= 0 {
				return nil, errors.New("fakecloud: bad protobuf varint")
			}
			v.Varint, b = x, b[n:]
		case 1:
			if len(b) < 8 {
				return nil, errors.New("fakecloud: short fixed64")
			}
			v.Varint, b = binary.LittleEndian.Uint64(b), b[8:]
		case 2:
			l, n := binary.Uvarint(b)
			if n <= 0 || uint64(len(b)-n) < l {
				return nil, errors.New("fakecloud: bad protobuf length")
			}
			v.Bytes, b = b[n:n+int(l)], b[n+int(l):]
		case 5:
			if len(b) < 4 {
				return nil, errors.New("fakecloud: short fixed32")
			}
			v.Varint, b = uint64(binary.LittleEndian.Uint32(b)), b[4:]
		default:
			return nil, fmt.Errorf("fakecloud: protobuf wire type %d not supported", wire)
		}
		m[field] = append(m[field], v)
	}
	return m, nil
}

func (m Message) last(field int) Value {
	if vs := m[field]; len(vs) > 0 {
		return vs[len(vs)-1]
	}
	return Value{}
}

// String returns a string field ("" when absent).
func (m Message) String(field int) string { return string(m.last(field).Bytes) }

// Bytes returns a bytes field.
func (m Message) Bytes(field int) []byte { return m.last(field).Bytes }

// Uint returns a varint field (enums, integers, bools).
func (m Message) Uint(field int) uint64 { return m.last(field).Varint }

// Sub decodes a nested message field (empty when absent).
func (m Message) Sub(field int) Message {
	sub, err := Decode(m.last(field).Bytes)
	if err != nil {
		return Message{}
	}
	return sub
}

// Builder encodes a protobuf message; zero values are left out, as proto3 does.
type Builder struct{ b []byte }

// NewMessage starts an empty message.
func NewMessage() *Builder { return &Builder{} }

func (b *Builder) tag(field int, wire uint64) {
	b.b = binary.AppendUvarint(b.b, uint64(field)<<3|wire)
}

// String adds a string field.
func (b *Builder) String(field int, s string) *Builder { return b.Raw(field, []byte(s)) }

// Raw adds a bytes field.
func (b *Builder) Raw(field int, v []byte) *Builder {
	if len(v) == 0 {
		return b
	}
	b.tag(field, 2)
	b.b = binary.AppendUvarint(b.b, uint64(len(v)))
	b.b = append(b.b, v...)
	return b
}

// Uint adds a varint field (enums, integers, bools).
func (b *Builder) Uint(field int, v uint64) *Builder {
	if v == 0 {
		return b
	}
	b.tag(field, 0)
	b.b = binary.AppendUvarint(b.b, v)
	return b
}

// Message adds a nested message field (even when empty).
func (b *Builder) Message(field int, sub *Builder) *Builder {
	if sub == nil {
		return b
	}
	b.tag(field, 2)
	b.b = binary.AppendUvarint(b.b, uint64(len(sub.b)))
	b.b = append(b.b, sub.b...)
	return b
}

// Bytes returns the encoded message.
func (b *Builder) Bytes() []byte {
	if b == nil {
		return nil
	}
	return b.b
}
