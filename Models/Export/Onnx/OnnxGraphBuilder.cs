using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Export.Onnx;

/// <summary>
/// Adds nodes, initializers and typed inputs/outputs to one ONNX graph (or a subgraph such as a Scan body), with
/// unique value names shared with its subgraphs. Every node is written as an <see cref="NodeProto"/> of OnnxSharp's
/// generated ONNX classes; the file is serialised by Google.Protobuf.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly Counter _counter;

    private sealed class Counter { public int Next; }

    /// <summary>A builder for a new graph named <paramref name="name"/>.</summary>
    public OnnxGraphBuilder(string name) : this(new GraphProto { Name = name }, new Counter()) { }

    private OnnxGraphBuilder(GraphProto graph, Counter counter)
    {
        Graph = graph;
        _counter = counter;
    }

    /// <summary>The graph being built.</summary>
    public GraphProto Graph { get; }

    /// <summary>A builder for a subgraph (e.g. a Scan body) whose value names never clash with this graph's.</summary>
    public OnnxGraphBuilder Subgraph(string name) => new(new GraphProto { Name = name }, _counter);

    /// <summary>A name not used before, from <paramref name="hint"/>.</summary>
    public string Fresh(string hint) => $"{hint}_{_counter.Next++}";

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        Nodes(op, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names.</summary>
    public string[] Nodes(string op, IEnumerable<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        var names = Enumerable.Range(0, outputs).Select(i => Fresh($"{op}{(outputs > 1 ? $"_out{i}" : "")}")).ToArray();
        Add(op, inputs, names, attributes);
        return names;
    }

    /// <summary>Adds a node whose outputs get the given names.</summary>
    public void Add(string op, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Fresh($"{op}_node") };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
    }

    /// <summary>A float32 initializer holding <paramref name="tensor"/>'s values (copied, contiguous, on the CPU).</summary>
    public string Weight(string hint, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var values = tensor.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
        var proto = new TensorProto { Name = Fresh(hint), DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(tensor.shape);
        proto.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        Graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>A constant int64 vector (shapes, axes, indices).</summary>
    public string Int64s(string hint, params long[] values) => Int64Tensor(hint, new long[] { values.Length }, values);

    /// <summary>A constant int64 scalar.</summary>
    public string Int64Scalar(string hint, long value) => Int64Tensor(hint, Array.Empty<long>(), new[] { value });

    /// <summary>A constant float32 scalar.</summary>
    public string FloatScalar(string hint, float value)
    {
        var proto = new TensorProto { Name = Fresh(hint), DataType = (int)TensorProto.Types.DataType.Float };
        proto.FloatData.Add(value);
        Graph.Initializer.Add(proto);
        return proto.Name;
    }

    private string Int64Tensor(string hint, long[] dims, long[] values)
    {
        var proto = new TensorProto { Name = Fresh(hint), DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.AddRange(dims);
        proto.Int64Data.AddRange(values);
        Graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>Declares a graph input; a dimension is a size (long) or a symbolic name (string), null for unknown.</summary>
    public string Input(string name, TensorProto.Types.DataType type, params object?[] dims)
    {
        Graph.Input.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Declares <paramref name="value"/> a graph output, renamed to <paramref name="name"/> by an Identity.</summary>
    public void Output(string value, string name, TensorProto.Types.DataType type, params object?[] dims)
    {
        Add("Identity", new[] { value }, new[] { name });
        Graph.Output.Add(ValueInfo(name, type, dims));
    }

    /// <summary>A typed value description for a graph input or output.</summary>
    public static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, params object?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d switch
            {
                long size => new TensorShapeProto.Types.Dimension { DimValue = size },
                int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                _ => new TensorShapeProto.Types.Dimension(),
            });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Attr(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Attr(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto Attr(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>An integer list attribute.</summary>
    public static AttributeProto Attr(string name, long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A string list attribute.</summary>
    public static AttributeProto Attr(string name, string[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return attribute;
    }

    /// <summary>A graph attribute (a Scan body).</summary>
    public static AttributeProto Attr(string name, GraphProto graph) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = graph };

    /// <summary>A tensor attribute holding one float (ConstantOfShape's value).</summary>
    public static AttributeProto FloatTensorAttr(string name, float value)
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(1);
        tensor.FloatData.Add(value);
        return new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = tensor };
    }
}
