/*
 * The shape the compiler produces (src/core/scenario/contract-source.ts), named through the
 * scenario's types: the Node tools import only the scenario compiler's entry points from core.
 */
import type { ScenarioSource } from '../../core/scenario/scenario.ts'

export type ContractSource = NonNullable<ScenarioSource['openapi']>
export type OperationSource = ContractSource['operations'][number]
export type ParameterSource = OperationSource['parameters'][number]
export type RequestBodySource = NonNullable<OperationSource['requestBody']>
export type ResponseSource = OperationSource['responses'][number]
export type JsonSchema = ContractSource['schemas'][string]
